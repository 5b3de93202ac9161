using WildDns.Cli;

var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
return verb switch
{
    "serve" => await ServeCommand.RunAsync(rest, Console.Error),
    "name" => NameCommand.Run(rest, Console.Out, Console.Error),
    "explain" => ExplainCommand.Run(rest, Console.Out, Console.Error),
    "challenge" => await ChallengeCommand.RunAsync(rest, Console.Out, Console.Error),
    "health" => await HealthCommand.RunAsync(rest, Console.Out, Console.Error),
    "help" or "--help" or "-h" => Help(),
    _ => Unknown(verb),
};

static int Help()
{
    Console.Out.WriteLine(Usage.Text);
    return 0;
}

static int Unknown(string verb)
{
    Console.Error.WriteLine($"wilddns: unknown command '{verb}'; see 'wilddns help'.");
    return 2;
}

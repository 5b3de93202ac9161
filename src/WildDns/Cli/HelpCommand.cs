using System.CommandLine;

namespace WildDns.Cli;

/// <summary><c>wilddns help [verb]</c>: the same text as <c>wilddns [verb] --help</c>.</summary>
public static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var verb = new Argument<string[]>("verb") { Description = "the verb (and sub-verb) to explain", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "print help for wilddns or one of its verbs") { verb };
        command.SetAction((result, cancellationToken) =>
            root.Parse([.. result.GetValue(verb) ?? [], "--help"]).InvokeAsync(result.InvocationConfiguration, cancellationToken));
        return command;
    }
}

using WildDns.Cli;

return await WildDnsCommandLine.InvokeAsync(args);

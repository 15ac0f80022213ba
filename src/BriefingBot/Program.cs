using BriefingBot.Cli;

return await CliApp.RunAsync(args);

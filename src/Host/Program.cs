using Saga.Host.Cli;

return await SagaCli.RunAsync(args);

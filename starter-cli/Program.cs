using Karma.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels gracefully (Terraform gets an interrupt); a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await KarmaApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);

using Microsoft.Playwright;

namespace Karma.TemporalDev.Tests.Browser;

/// <summary>
/// The system's chromium (Debian's <c>chromium</c> package) driven by Playwright, headless. Missing chromium, or a
/// server without the built UI (no node at build time), skips locally and fails under CI=true.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>Where screenshots go: the test project's TestResults/temporal-ui folder.</summary>
    public static string ScreenshotFolder { get; } = FindScreenshotFolder();

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = Find();
        RequireOrSkip(executable is not null, "chromium is not installed (apt-get install -y chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Skips the test, or under CI fails it, when a prerequisite is missing.</summary>
    public static void RequireOrSkip(bool present, string what)
    {
        if (present)
        {
            return;
        }

        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI needs this: {what}");
        Assert.Skip(what);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(30_000);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        page.PageError += (_, error) => Problems.Add($"page error: {error}");
        return page;
    }

    /// <summary>Console errors, failed responses and script errors seen so far, for a failing test's message.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Problems { get; } = [];

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }

    private static string FindScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.TemporalDev.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "temporal-ui");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

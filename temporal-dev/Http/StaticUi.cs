using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace Karma.TemporalDev.Http;

/// <summary>
/// The Temporal Web UI's static files (built from temporal-dev/ui into <c>temporal-ui/</c> beside the assembly).
/// It is a single-page app: any path that is not a file gets <c>index.html</c>, and the app routes it.
/// </summary>
internal sealed class StaticUi
{
    public const string FolderName = "temporal-ui";

    /// <summary>What to do when the UI was not built (no node/npm at build time).</summary>
    public const string HowToGetIt =
        "The Temporal UI was not built (node and npm were not on PATH when karma-temporal-dev was built): install Node.js 20+ and npm, then rebuild.";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string root;

    private StaticUi(string directory) => root = directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    /// <summary>The folder the build puts the UI in: beside this assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>The UI in <paramref name="directory"/>, or null when it holds no built app.</summary>
    public static StaticUi? TryOpen(string directory) =>
        File.Exists(Path.Combine(directory, "index.html")) ? new StaticUi(Path.GetFullPath(directory)) : null;

    public async Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var path = http.Request.Path.Value ?? "/";
        var candidate = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        var isAsset = candidate.StartsWith(root, StringComparison.Ordinal) && File.Exists(candidate);
        var file = new FileInfo(isAsset ? candidate : Path.Combine(root, "index.html"));
        http.Response.ContentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";

        // Hashed assets never change under one name; index.html must be re-read so a rebuilt UI is picked up.
        http.Response.Headers.CacheControl = isAsset && path.Contains("/immutable/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        http.Response.ContentLength = file.Length;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            await http.Response.SendFileAsync(file.FullName, http.RequestAborted);
        }
    }
}

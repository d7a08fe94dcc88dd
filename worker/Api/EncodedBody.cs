using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace Karma.Worker.Api;

/// <summary>A content coding the API can send (RFC 9110 §8.4.1).</summary>
public enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}

/// <summary>
/// One response body, serialised once, with its gzip and brotli encodings made on first demand and then kept: a body
/// served thousands of times is compressed once. Each encoding has its own strong ETag (the base tag plus the coding).
/// </summary>
public sealed class EncodedBody
{
    private readonly Lazy<byte[]> _gzip;
    private readonly Lazy<byte[]> _brotli;

    public EncodedBody(byte[] identity, string etag)
    {
        Identity = identity;
        ETag = etag;
        _gzip = new Lazy<byte[]>(() => Compress(identity, s => new GZipStream(s, CompressionLevel.Optimal)));
        _brotli = new Lazy<byte[]>(() => Compress(identity, s => new BrotliStream(s, CompressionLevel.Optimal)));
    }

    public byte[] Identity { get; }

    /// <summary>The identity representation's tag, e.g. <c>"dev-v42"</c>.</summary>
    public string ETag { get; }

    public byte[] Bytes(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => _gzip.Value,
        ContentCoding.Brotli => _brotli.Value,
        _ => Identity,
    };

    public string ETagFor(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => ETag[..^1] + "-gzip\"",
        ContentCoding.Brotli => ETag[..^1] + "-br\"",
        _ => ETag,
    };

    /// <summary>Whether <paramref name="tag"/> names any representation of this body (a cached copy in any coding is current).</summary>
    public bool Matches(string tag) => tag == ETag || tag == ETagFor(ContentCoding.Gzip) || tag == ETagFor(ContentCoding.Brotli);

    /// <summary>
    /// The coding to send for an Accept-Encoding header: brotli, then gzip (smaller first), else identity. A coding with
    /// q=0 is refused; <c>*</c> stands for any coding not named.
    /// </summary>
    public static ContentCoding Negotiate(StringValues acceptEncoding)
    {
        bool? brotli = null, gzip = null, any = null;
        foreach (var header in acceptEncoding)
        {
            foreach (var item in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = item.Split(';', StringSplitOptions.TrimEntries);
                var accepted = !parts.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                switch (parts[0].ToLowerInvariant())
                {
                    case "br": brotli = accepted; break;
                    case "gzip" or "x-gzip": gzip = accepted; break;
                    case "*": any = accepted; break;
                }
            }
        }

        return (brotli ?? any ?? false) ? ContentCoding.Brotli
            : (gzip ?? any ?? false) ? ContentCoding.Gzip
            : ContentCoding.Identity;
    }

    public static string? HeaderValue(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => "gzip",
        ContentCoding.Brotli => "br",
        _ => null,
    };

    private static byte[] Compress(byte[] data, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream(data.Length / 4);
        using (var stream = encoder(output))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}

using System.Security.Cryptography;

namespace BlockSwap.Foundation.IO;

/// <summary>A short content digest (SHA-256, first 16 hex digits): the identity of a teacher file a stage was trained with.</summary>
public static class FileDigest
{
    public static string Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
    }
}

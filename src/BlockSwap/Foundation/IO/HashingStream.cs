using System.Security.Cryptography;

namespace BlockSwap.Foundation.IO;

/// <summary>A write-only stream that hashes everything written through it on the way to the inner stream.</summary>
public sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException("a write-only hashing stream"); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a write-only hashing stream");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a write-only hashing stream");
    public override void SetLength(long value) => throw new NotSupportedException("a write-only hashing stream");

    public override void Write(byte[] buffer, int offset, int count)
    {
        hash.AppendData(buffer, offset, count);
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        inner.Write(buffer);
    }
}

using System.Buffers.Binary;

namespace WildDns.Control.Challenges;

/// <summary>
/// Reads SQLite's write-ahead log (<c>challenges.db-wal</c>) before SQLite does, to tell when part of it will be ignored.
/// SQLite replays the log up to its first frame whose checksum fails and drops the rest without a word
/// (https://www.sqlite.org/fileformat2.html#walformat); a server would then start with older values and never say so.
/// </summary>
internal static class WriteAheadLogCheck
{
    private const int HeaderLength = 32;
    private const int FrameHeaderLength = 24;
    private const uint MagicLittleEndian = 0x377f0682;
    private const uint MagicBigEndian = 0x377f0683;

    /// <summary>
    /// Null when the log is absent, empty or whole; otherwise what SQLite will ignore, in words: a damaged header (the whole
    /// log), or frames of the current log after the first one that fails its checksum.
    /// </summary>
    public static string? FindDamage(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var log = File.ReadAllBytes(path);
        if (log.Length <= HeaderLength)
        {
            return null;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(log);
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(8));
        var frameLength = FrameHeaderLength + pageSize;
        var framesPresent = pageSize is >= 512 and <= 65536 ? (log.Length - HeaderLength) / frameLength : 0;
        var bigEndian = magic == MagicBigEndian;
        uint s0 = 0, s1 = 0;
        if ((magic != MagicLittleEndian && !bigEndian) || framesPresent == 0
            || !ChecksumMatches(log.AsSpan(0, 24), log.AsSpan(24, 8), bigEndian, ref s0, ref s1))
        {
            return $"its header is damaged, so SQLite ignores all of its {log.Length - HeaderLength} bytes of changes";
        }

        var salts = log.AsSpan(16, 8);
        for (var frame = 0; frame < framesPresent; frame++)
        {
            var start = HeaderLength + (frame * frameLength);
            var header = log.AsSpan(start, FrameHeaderLength);
            if (!header.Slice(8, 8).SequenceEqual(salts))
            {
                // A frame of an earlier log that this one overwrote only in part: SQLite stops here by design, nothing is lost.
                return null;
            }

            var a = s0;
            var b = s1;
            ChecksumMatches(header[..8], default, bigEndian, ref a, ref b);
            if (!ChecksumMatches(log.AsSpan(start + FrameHeaderLength, pageSize), header.Slice(16, 8), bigEndian, ref a, ref b))
            {
                var ignored = CountCurrentFrames(log, frame, framesPresent, frameLength, salts);
                return $"frame {frame + 1} of {framesPresent} fails its checksum, so SQLite ignores it and the {ignored - 1} after it "
                    + "(changes recorded there are lost, unless the server stopped while writing that last change)";
            }

            (s0, s1) = (a, b);
        }

        return null;
    }

    private static int CountCurrentFrames(byte[] log, int from, int framesPresent, int frameLength, ReadOnlySpan<byte> salts)
    {
        var count = 0;
        for (var frame = from; frame < framesPresent; frame++)
        {
            if (log.AsSpan(HeaderLength + (frame * frameLength) + 8, 8).SequenceEqual(salts))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// SQLite's WAL checksum over <paramref name="data"/> (a multiple of 8 bytes), continuing from (<paramref name="s0"/>,
    /// <paramref name="s1"/>); true when the result equals <paramref name="expected"/> (empty: just accumulate).
    /// </summary>
    private static bool ChecksumMatches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected, bool bigEndian, ref uint s0, ref uint s1)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }

        return expected.Length == 0
            || (BinaryPrimitives.ReadUInt32BigEndian(expected) == s0 && BinaryPrimitives.ReadUInt32BigEndian(expected[4..]) == s1);
    }
}

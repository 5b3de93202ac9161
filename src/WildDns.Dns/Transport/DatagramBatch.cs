using System.Runtime.InteropServices;

namespace WildDns.Dns.Transport;

/// <summary>
/// Receives and sends UDP datagrams in batches with Linux's recvmmsg(2) and sendmmsg(2): under load one system call
/// moves up to <see cref="Capacity"/> datagrams each way, where .NET's socket API needs two calls per query. The
/// buffers are native memory owned by one receive loop, so nothing moves and nothing is allocated per datagram.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    public const int Capacity = 16;
    private const int DatagramSize = 65535;
    private const int AddressSize = 128;
    private const int MsgWaitForOne = 0x10000;
    private const int MsgTrunc = 0x20;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int Econnrefused = 111;

    private readonly byte* requests;
    private readonly byte* responses;
    private readonly byte* addresses;
    private readonly IoVector* receiveVectors;
    private readonly IoVector* sendVectors;
    private readonly MultiMessageHeader* receiveHeaders;
    private readonly MultiMessageHeader* sendHeaders;
    private int pending;

    public DatagramBatch()
    {
        requests = (byte*)NativeMemory.Alloc((nuint)(Capacity * DatagramSize));
        responses = (byte*)NativeMemory.Alloc((nuint)(Capacity * ResponseSize));
        addresses = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * AddressSize));
        receiveVectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVector)));
        sendVectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVector)));
        receiveHeaders = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MultiMessageHeader)));
        sendHeaders = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MultiMessageHeader)));
        for (var i = 0; i < Capacity; i++)
        {
            receiveVectors[i] = new IoVector { Base = requests + (i * DatagramSize), Length = DatagramSize };
        }
    }

    /// <summary>Room for any response, as the answer engine needs.</summary>
    public static int ResponseSize => Answers.AnswerEngine.ResponseBufferSize;

    /// <summary>
    /// Blocks until at least one datagram arrives (or the socket is shut down for reading), then takes every datagram
    /// already queued, up to <see cref="Capacity"/>. Returns how many; 0 after a shutdown or a timeout; -1 when the socket is unusable.
    /// </summary>
    public int Receive(int socket)
    {
        for (var i = 0; i < Capacity; i++)
        {
            receiveHeaders[i].Header = new MessageHeader
            {
                Name = addresses + (i * AddressSize),
                NameLength = AddressSize,
                Vectors = receiveVectors + i,
                VectorCount = 1,
            };
            receiveHeaders[i].Length = 0;
        }

        pending = 0;
        while (true)
        {
            var received = recvmmsg(socket, receiveHeaders, Capacity, MsgWaitForOne, null);
            if (received >= 0)
            {
                return received;
            }

            switch (Marshal.GetLastPInvokeError())
            {
                case Eintr or Econnrefused:
                    // Interrupted, or an ICMP error left by an earlier reply: neither concerns the next datagram.
                    continue;
                case Eagain:
                    return 0;
                default:
                    return -1;
            }
        }
    }

    /// <summary>The i-th received datagram; empty when it was cut short (larger than any DNS message may be).</summary>
    public ReadOnlySpan<byte> Request(int index) =>
        (receiveHeaders[index].Header.Flags & MsgTrunc) != 0
            ? default
            : new ReadOnlySpan<byte>(requests + (index * DatagramSize), (int)receiveHeaders[index].Length);

    /// <summary>The sockaddr the i-th datagram came from, as the kernel filled it in.</summary>
    public ReadOnlySpan<byte> Sender(int index) => new(addresses + (index * AddressSize), (int)receiveHeaders[index].Header.NameLength);

    /// <summary>The buffer to write the i-th response into.</summary>
    public Span<byte> ResponseBuffer(int index) => new(responses + ((long)index * ResponseSize), ResponseSize);

    /// <summary>The socket address (<c>struct sockaddr_in</c> or <c>sockaddr_in6</c>) the i-th datagram came from.</summary>
    public ReadOnlySpan<byte> SourceAddress(int index) => new(addresses + (index * AddressSize), (int)receiveHeaders[index].Header.NameLength);

    /// <summary>Queues the i-th response, of <paramref name="length"/> bytes, for the sender of the i-th request.</summary>
    public void Queue(int index, int length)
    {
        sendVectors[pending] = new IoVector { Base = responses + ((long)index * ResponseSize), Length = (nuint)length };
        sendHeaders[pending].Header = new MessageHeader
        {
            Name = addresses + (index * AddressSize),
            NameLength = receiveHeaders[index].Header.NameLength,
            Vectors = sendVectors + pending,
            VectorCount = 1,
        };
        pending++;
    }

    /// <summary>Sends every queued response; a datagram the kernel refuses (the sender's port is gone) is dropped.</summary>
    public void Send(int socket)
    {
        var offset = 0;
        while (offset < pending)
        {
            var sent = sendmmsg(socket, sendHeaders + offset, (uint)(pending - offset), 0);
            if (sent > 0)
            {
                offset += sent;
            }
            else if (Marshal.GetLastPInvokeError() != Eintr)
            {
                offset++;
            }
        }

        pending = 0;
    }

    public void Dispose()
    {
        NativeMemory.Free(requests);
        NativeMemory.Free(responses);
        NativeMemory.Free(addresses);
        NativeMemory.Free(receiveVectors);
        NativeMemory.Free(sendVectors);
        NativeMemory.Free(receiveHeaders);
        NativeMemory.Free(sendHeaders);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int recvmmsg(int socket, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int sendmmsg(int socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr; sequential layout gives the C padding on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}

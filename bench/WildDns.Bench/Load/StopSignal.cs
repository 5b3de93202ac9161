namespace WildDns.Bench.Load;

/// <summary>Set once by one thread and polled by another, e.g. "this channel's sender has stopped".</summary>
public sealed class StopSignal
{
    private int _set;

    public void Set() => Volatile.Write(ref _set, 1);

    public bool IsSet() => Volatile.Read(ref _set) == 1;
}

namespace WildDns.Control.Challenges;

/// <summary>
/// The values at one name, never changed after construction: readers take the arrays without a lock,
/// writers replace the whole instance (copy on write).
/// </summary>
internal sealed class PublishedValues
{
    public PublishedValues(string[] values, DateTimeOffset[] expiresAt)
    {
        Values = values;
        ExpiresAt = expiresAt;
    }

    /// <summary>In publishing order.</summary>
    public string[] Values { get; }

    /// <summary>Parallel to <see cref="Values"/>.</summary>
    public DateTimeOffset[] ExpiresAt { get; }

    public int IndexOf(string value) => Array.IndexOf(Values, value);

    public PublishedValues Append(string value, DateTimeOffset expiresAt) => new([.. Values, value], [.. ExpiresAt, expiresAt]);

    public PublishedValues WithExpiry(int index, DateTimeOffset expiresAt)
    {
        var expiries = (DateTimeOffset[])ExpiresAt.Clone();
        expiries[index] = expiresAt;
        return new(Values, expiries);
    }

    /// <summary>The values that <paramref name="drop"/> keeps (returns false for); null when none is left.</summary>
    public PublishedValues? Without(Func<string, DateTimeOffset, bool> drop)
    {
        var values = new List<string>(Values.Length);
        var expiries = new List<DateTimeOffset>(Values.Length);
        for (var i = 0; i < Values.Length; i++)
        {
            if (!drop(Values[i], ExpiresAt[i]))
            {
                values.Add(Values[i]);
                expiries.Add(ExpiresAt[i]);
            }
        }

        return values.Count == 0 ? null : new([.. values], [.. expiries]);
    }
}

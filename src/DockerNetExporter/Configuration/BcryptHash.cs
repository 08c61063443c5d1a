namespace DockerNetExporter.Configuration;

/// <summary>
/// Whether a basic_auth_users value is a bcrypt hash the exporter can check, as Go's bcrypt.Cost
/// accepts one: <c>$2$</c>, <c>$2a$</c>, <c>$2b$</c>, <c>$2x$</c> or <c>$2y$</c>, a cost from 04 to 31,
/// <c>$</c>, then 53 characters of bcrypt's base64 (salt and hash).
/// </summary>
internal static class BcryptHash
{
    private static readonly System.Buffers.SearchValues<char> Base64 = System.Buffers.SearchValues.Create("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    public static bool IsValid(string hash)
    {
        var prefix = hash switch
        {
            ['$', '2', '$', ..] => 3,
            ['$', '2', 'a' or 'b' or 'x' or 'y', '$', ..] => 4,
            _ => -1,
        };
        if (prefix < 0 || hash.Length != prefix + 3 + 53)
        {
            return false;
        }

        var cost = hash.AsSpan(prefix, 2);
        return char.IsAsciiDigit(cost[0]) && char.IsAsciiDigit(cost[1])
            && (cost[0] - '0') * 10 + (cost[1] - '0') is >= 4 and <= 31
            && hash[prefix + 2] == '$'
            && hash.AsSpan(prefix + 3).IndexOfAnyExcept(Base64) < 0;
    }
}

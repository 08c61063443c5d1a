using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>What Go's bcrypt.Cost takes for a hash, and what it refuses.</summary>
public sealed class BcryptHashTests
{
    private const string SaltAndHash = "UKdp9HssNBU34LdTChnnceSFDvUpUFE1HFZW/QJOmk7x6vbHBPSF2";

    [Theory]
    [InlineData("$2y$10$" + SaltAndHash)]
    [InlineData("$2a$04$" + SaltAndHash)]
    [InlineData("$2b$31$" + SaltAndHash)]
    [InlineData("$2$12$" + SaltAndHash)]
    [InlineData("$2y$18$4VeFDzXIoPHKnKTU3O3GH.N.vZu06CVqczYZ8WvfzrddFU6tGqjR.")] // bob of the toolkit's web_config_users.good.yml
    public void Hashes_bcrypt_makes_are_taken(string hash)
    {
        Assert.True(BcryptHash.IsValid(hash));
    }

    [Theory]
    [InlineData("doe")] // the toolkit's web_config_auth_user_list_invalid.bad.yml
    [InlineData("")]
    [InlineData("$2y$03$" + SaltAndHash)] // cost below 4
    [InlineData("$2y$32$" + SaltAndHash)] // cost above 31
    [InlineData("$2y$1a$" + SaltAndHash)]
    [InlineData("$2z$10$" + SaltAndHash)]
    [InlineData("$3y$10$" + SaltAndHash)]
    [InlineData("$2y$10$" + SaltAndHash + "x")]
    [InlineData("$2y$10$" + "UKdp9HssNBU34LdTChnnceSFDvUpUFE1HFZW/QJOmk7x6vbHBPSF!")]
    [InlineData("$2y$10" + SaltAndHash + "$")]
    public void Anything_else_is_refused(string hash)
    {
        Assert.False(BcryptHash.IsValid(hash));
    }
}

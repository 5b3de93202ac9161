using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>One server with default settings, shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private TestServer? server;

    internal TestServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public Task InitializeAsync()
    {
        server = TestServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

namespace Saga.Host.Web.Security;

/// <summary>Where and how <c>saga serve</c> listens (<c>Saga:Serve</c>); HTTPS comes from Kestrel's own <c>Kestrel:Endpoints</c>.</summary>
internal sealed class ServeOptions
{
    public const string SectionName = "Saga:Serve";

    /// <summary>Where to listen, several separated by ';' (<c>--urls</c> wins).</summary>
    /// <value>Default: <c>http://127.0.0.1</c> on <see cref="Port"/>.</value>
    public string? Urls { get; set; }

    /// <summary>The port on 127.0.0.1 when neither <c>--urls</c> nor <see cref="Urls"/> is given.</summary>
    /// <value>Default: 5080.</value>
    public int? Port { get; set; }

    /// <summary>The host names answered (<c>;</c>-separated), against DNS rebinding.</summary>
    /// <value>Default: the loopback names.</value>
    public string? AllowedHosts { get; set; }

    /// <summary>
    /// Lets <c>saga serve</c> listen beyond loopback over plain HTTP, where the API key and the journal cross the network
    /// readable: for a private network of its own (docker-compose's), never for one others share.
    /// </summary>
    /// <value>Default: false; beyond loopback, serve then listens only over HTTPS (<c>Kestrel:Endpoints</c> with a certificate).</value>
    public bool AllowPlainHttp { get; set; }
}

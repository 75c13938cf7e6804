namespace Saga.Host.Web.Elsa;

/// <summary>Where the Elsa 2 API lives; the studio's <c>server-url</c> is <c>/elsa</c> and it appends <c>v1/…</c>.</summary>
internal static class ElsaApi
{
    public const string Prefix = "/elsa/v1";
}

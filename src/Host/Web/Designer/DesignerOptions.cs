namespace Saga.Host.Web.Designer;

/// <summary>Where the built designer is (<c>Saga:Designer</c>).</summary>
internal sealed class DesignerOptions
{
    public const string SectionName = "Saga:Designer";

    /// <summary>The built designer folder (what <c>designer/build</c> writes to <c>designer/dist</c>).</summary>
    /// <value>Default: none; then <c>designer/</c> beside the executable (a published saga), else the first <c>designer/dist</c> found walking up from its folder.</value>
    public string? Root { get; set; }
}

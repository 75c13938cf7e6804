using Microsoft.Extensions.Options;

namespace Saga.Host.Web.Designer;

/// <summary>
/// Finds the built designer: <see cref="DesignerOptions.Root"/>, else <c>designer/</c> beside the executable (where
/// <c>dotnet publish</c> puts it), else <c>designer/dist</c> above the executable (a build in the source tree).
/// </summary>
internal sealed class DesignerFiles(IOptions<DesignerOptions> options)
{
    public const string HostPage = "index.html";

    /// <summary>The folder with <see cref="HostPage"/>, or null when the designer has not been built.</summary>
    public string? Root { get; } = Locate(options.Value.Root);

    public static string HowToBuild =>
        "The designer is not built. Install npm (scripts/nodejs) and build the host again (dotnet build src/Host runs designer/build), " +
        $"or set {DesignerOptions.SectionName}:Root to a built designer folder, then restart saga serve.";

    private static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(Path.Combine(configured, HostPage)) ? Path.GetFullPath(configured) : null;
        var published = Path.Combine(AppContext.BaseDirectory, "designer");
        if (File.Exists(Path.Combine(published, HostPage)))
            return published;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "designer", "dist");
            if (File.Exists(Path.Combine(candidate, HostPage)))
                return candidate;
        }

        return null;
    }
}

using Microsoft.Extensions.Options;

namespace Saga.Host.Web.Designer;

/// <summary>Finds the built designer: <see cref="DesignerOptions.Root"/>, else <c>designer/dist</c> above the executable.</summary>
internal sealed class DesignerFiles(IOptions<DesignerOptions> options)
{
    public const string HostPage = "index.html";

    /// <summary>The folder with <see cref="HostPage"/>, or null when the designer has not been built.</summary>
    public string? Root { get; } = Locate(options.Value.Root);

    public static string HowToBuild =>
        "The designer is not built. From the source tree run designer/build (npm ci, then a copy into designer/dist; scripts/test does it too), " +
        $"or set {DesignerOptions.SectionName}:Root to a built designer folder, then restart saga serve.";

    private static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(Path.Combine(configured, HostPage)) ? Path.GetFullPath(configured) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "designer", "dist");
            if (File.Exists(Path.Combine(candidate, HostPage)))
                return candidate;
        }

        return null;
    }
}

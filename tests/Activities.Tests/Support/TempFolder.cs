namespace Saga.Activities.Tests.Support;

/// <summary>A fresh folder under the temporary directory, removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("saga-inventory-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

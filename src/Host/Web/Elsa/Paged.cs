namespace Saga.Host.Web.Elsa;

/// <summary>Elsa's paged list: <c>page</c> and <c>pageSize</c> echo the request (absent when not asked); <c>totalCount</c> is unpaged.</summary>
internal sealed record Paged<T>(IReadOnlyList<T> Items, int? Page, int? PageSize, int TotalCount)
{
    public static Paged<T> Of(IReadOnlyList<T> all, int? page, int? pageSize)
    {
        if (pageSize is not { } size || size <= 0)
            return new Paged<T>(all, page, pageSize, all.Count);
        return new Paged<T>(all.Skip(Math.Max(0, page ?? 0) * size).Take(size).ToList(), page, pageSize, all.Count); // the studio omits page=0
    }
}

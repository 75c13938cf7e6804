using Microsoft.EntityFrameworkCore;
using Saga.Engine.Instances;

namespace Saga.Engine.Persistence;

/// <summary>The engine's store: definition versions, instances, their journal and the remote commands their activities ran.</summary>
internal sealed class SagaDbContext(DbContextOptions<SagaDbContext> options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<JournalRecord> Journal => Set<JournalRecord>();

    public DbSet<CommandRecord> Commands => Set<CommandRecord>();

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        // Every write to an instance moves its token on, so a writer holding an older copy is refused.
        foreach (var entry in ChangeTracker.Entries<InstanceRecord>())
        {
            if (entry.State == EntityState.Modified)
                entry.Entity.ConcurrencyToken++;
        }

        return base.SaveChangesAsync(cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // PostgreSQL's default, stated in the model so the one snapshot carries it whichever provider wrote it.
        modelBuilder.UseIdentityByDefaultColumns();

        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("Definitions");
            e.HasKey(d => d.Id);
            e.HasIndex(d => new { d.DefinitionId, d.Version }).IsUnique();
            e.Property(d => d.Id).HasMaxLength(64);
            e.Property(d => d.DefinitionId).HasMaxLength(200);
            e.Property(d => d.Name).HasMaxLength(400);
            e.Property(d => d.DisplayName).HasMaxLength(400);
        });

        modelBuilder.Entity<InstanceRecord>(e =>
        {
            e.ToTable("Instances");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(64);
            e.Property(i => i.DefinitionId).HasMaxLength(200);
            e.Property(i => i.DefinitionVersionId).HasMaxLength(64);
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.ConcurrencyToken).IsConcurrencyToken();
            e.HasIndex(i => i.Status);
            e.HasIndex(i => i.CreatedAt);
            e.HasIndex(i => i.ParentInstanceId);
        });

        modelBuilder.Entity<JournalRecord>(e =>
        {
            e.ToTable("Journal");
            e.HasKey(j => j.Id);
            e.HasIndex(j => new { j.InstanceId, j.Id });
            e.HasOne<InstanceRecord>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CommandRecord>(e =>
        {
            e.ToTable("Commands");
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.InstanceId, c.Id });
            e.HasOne<InstanceRecord>().WithMany().HasForeignKey(c => c.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

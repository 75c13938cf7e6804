namespace Saga.Activities.Calico;

/// <summary>Where each step comes from: the runbook (calico-downgrade-openstack.md) and the domain notes that fill its gaps.</summary>
public static class Runbook
{
    public const string Page = "calico-downgrade-openstack.md";
    public const string Notes = "calico-domain-notes.md";
    public const string CategoryCluster = "Calico downgrade: cluster";
    public const string CategoryControl = "Calico downgrade: control nodes";
    public const string CategoryCompute = "Calico downgrade: compute nodes";
    public const string CategoryRestore = "Calico restore: back to 3.1";
}

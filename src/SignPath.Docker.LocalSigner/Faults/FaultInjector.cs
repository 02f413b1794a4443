namespace SignPath.Docker.LocalSigner.Faults;

/// <summary>Armed faults, each consumed by the next matching requests until its count is used up.</summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<ArmedFault> _faults = [];

    public void Arm(FaultSpecification fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _faults.Add(new ArmedFault(fault, fault.Count ?? 1));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>An http-status fault for this request, if one is armed.</summary>
    public FaultSpecification? TakeHttpFault(string method, string path) =>
        Take(fault => fault.Kind == FaultKinds.HttpStatus && Matches(fault, method, path));

    /// <summary>A deny/fail/never-complete/signature fault for this submission, if one is armed.</summary>
    public FaultSpecification? TakeSubmissionFault(string method, string path) =>
        Take(fault => fault.Kind is not (FaultKinds.HttpStatus or FaultKinds.PolicyOtherKey) && Matches(fault, method, path));

    /// <summary>A policy-other-key fault for this MySigningPolicies request, if one is armed.</summary>
    public FaultSpecification? TakeSigningPolicyFault(string method, string path) =>
        Take(fault => fault.Kind == FaultKinds.PolicyOtherKey && Matches(fault, method, path));

    private FaultSpecification? Take(Func<FaultSpecification, bool> predicate)
    {
        lock (_lock)
        {
            var armed = _faults.FirstOrDefault(candidate => predicate(candidate.Specification));
            if (armed is null)
            {
                return null;
            }

            armed.Remaining--;
            if (armed.Remaining <= 0)
            {
                _faults.Remove(armed);
            }

            return armed.Specification;
        }
    }

    private static bool Matches(FaultSpecification fault, string method, string path) =>
        (fault.Path is null || path.Contains(fault.Path, StringComparison.OrdinalIgnoreCase))
        && (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase));

    private sealed class ArmedFault(FaultSpecification specification, int remaining)
    {
        public FaultSpecification Specification { get; } = specification;

        public int Remaining { get; set; } = remaining;
    }
}

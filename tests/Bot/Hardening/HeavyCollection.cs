namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// The load-heavy tests (crash, fuzz, API faults) run on their own, after the rest: on a 2-core machine they
/// would otherwise starve the timing of every other end-to-end test running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyCollection
{
    public const string Name = "Heavy";
}

namespace ChatSupport.Domain.Configuration;

/// <summary>
/// A configuration value the support desk cannot run with. The message is one line that names
/// the key and the value, so an operator can fix it without reading a stack trace.
/// </summary>
public sealed class SupportConfigurationException(string key, string? value, string problem)
    : Exception(Format(key, value, problem))
{
    public string Key { get; } = key;

    public string? Value { get; } = value;

    public string Problem { get; } = problem;

    private static string Format(string key, string? value, string problem) =>
        value is null
            ? $"Configuration error: {key}: {problem}"
            : $"Configuration error: {key} = \"{value}\": {problem}";
}

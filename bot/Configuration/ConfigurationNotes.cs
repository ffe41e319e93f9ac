namespace ChatSupport.Bot.Configuration;

/// <summary>
/// What start-up has to tell the operator about the configuration that is not an error: a key that was renamed
/// and still works under its old name, a setting that is ignored. Logged once when the host starts.
/// </summary>
public sealed class ConfigurationNotes
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> All => _notes;

    /// <summary>An old key was read in place of its new name.</summary>
    public void Renamed(string oldKey, string newKey, string newValue) =>
        _notes.Add($"{oldKey} is now {newKey} (here: {newValue}); the old name still works, but set the new one.");

    public void Add(string note) => _notes.Add(note);
}

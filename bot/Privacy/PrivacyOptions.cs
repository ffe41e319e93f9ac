using ChatSupport.Bot.Configuration;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Privacy;

/// <summary>
/// <c>Support:PrivacyPolicyUrl</c> (the vendor's personal-data policy: the notice shown at a customer's first contact
/// links it; without it there is no notice, and start-up says so) and <c>Support:Retention:MessagesDays</c> (off by
/// default: message texts and files of tickets closed longer ago are purged nightly).
/// </summary>
public sealed record PrivacyOptions(string? PolicyUrl, int? RetentionDays)
{
    /// <summary>Where a blocked customer may object (<c>Support:ObjectionAddress</c>, else the support mailbox's address).</summary>
    public string? ObjectionAddress { get; init; }

    /// <summary>For a customer blocked by mail: only <c>Support:ObjectionAddress</c> (the support mailbox is what refuses them).</summary>
    public string? ObjectionAddressForMail { get; init; }

    public const string PolicyKey = "Support:PrivacyPolicyUrl";
    public const string RetentionKey = "Support:Retention:MessagesDays";

    public static PrivacyOptions FromConfiguration(IConfiguration configuration, ConfigurationNotes notes)
    {
        var url = configuration[PolicyKey]?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            notes.Add($"{PolicyKey} is not set: customers get no notice of what is stored about them and why (152-FZ). Set it to the vendor's personal-data policy page.");
            url = null;
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new SupportConfigurationException(PolicyKey, url, "expected the address of the personal-data policy, e.g. https://vendor.ru/privacy");
        }

        var days = configuration.GetInt(RetentionKey, 1, 36500);
        var explicitAddress = configuration["Support:ObjectionAddress"]?.Trim() is { Length: > 0 } o ? o : null;
        var objection = explicitAddress ?? (configuration["Mail:Address"]?.Trim() is { Length: > 0 } m ? m : null);
        return new PrivacyOptions(url, days) { ObjectionAddress = objection, ObjectionAddressForMail = explicitAddress };
    }
}

namespace ChatSupport.Domain.Tickets;

/// <summary>What stands where personal data was erased: counts and times stay, the person does not.</summary>
public static class Anonymised
{
    /// <summary>Name, organisation, description, message texts.</summary>
    public const string Text = "—";

    /// <summary>In place of an address that identified the customer (their e-mail).</summary>
    public static string IdFor(long customerId) => $"erased:{customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

namespace ChatSupport.Domain.Localization;

/// <summary>The languages people are answered in. Russian first; English on request.</summary>
public enum Language
{
    Ru,
    En,
}

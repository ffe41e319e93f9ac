using System.Globalization;
using ChatSupport.Domain.Configuration;
using MailKit.Security;
using MimeKit;

namespace ChatSupport.Bot.Mail;

/// <summary>How a mail connection is protected: <c>None</c> (loopback or a trusted network only), <c>StartTls</c>, <c>Tls</c>.</summary>
public enum MailSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>One mail server: where, how protected, as whom. The password is a secret: never printed.</summary>
public sealed class MailServerOptions
{
    public string? Host { get; set; }

    public int? Port { get; set; }

    public string? Security { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    internal MailSecurity SecurityMode { get; private set; }

    internal int PortNumber { get; private set; }

    internal SecureSocketOptions SocketOptions => SecurityMode switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    /// <summary>Connects a MailKit client (IMAP or SMTP) to this server and logs in when a user is set.</summary>
    internal async Task ConnectAsync(MailKit.MailService client, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(Host!.Trim(), PortNumber, SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(User))
        {
            await client.AuthenticateAsync(User, Password ?? string.Empty, cancellationToken);
        }
    }

    internal void Validate(string section, MailSecurity defaultSecurity, Func<MailSecurity, int> defaultPort, Configuration.ConfigurationNotes? notes)
    {
        if (string.IsNullOrWhiteSpace(Host) || Uri.CheckHostName(Host.Trim().Trim('[', ']')) == UriHostNameType.Unknown)
        {
            throw new SupportConfigurationException($"{section}:Host", Host, "expected the server's host name or address, e.g. mail.example.ru");
        }

        SecurityMode = defaultSecurity;
        if (!string.IsNullOrWhiteSpace(Security))
        {
            if (!Enum.TryParse(Security.Trim(), ignoreCase: true, out MailSecurity parsed) || int.TryParse(Security, out _))
            {
                throw new SupportConfigurationException($"{section}:Security", Security, "expected None, StartTls or Tls");
            }

            SecurityMode = parsed;
        }

        PortNumber = Port ?? defaultPort(SecurityMode);
        if (PortNumber is < 1 or > 65535)
        {
            throw new SupportConfigurationException($"{section}:Port", PortNumber.ToString(CultureInfo.InvariantCulture), "expected a TCP port from 1 to 65535");
        }

        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password))
        {
            throw new SupportConfigurationException($"{section}:Password", null, $"{section}:User is set but no password; set {section.Replace(':', '_')}__Password in the environment");
        }

        if (SecurityMode == MailSecurity.None && !IsLoopback(Host.Trim()) && !string.IsNullOrEmpty(User))
        {
            notes?.Add($"{section}:Security is None on {Host.Trim()}: the password travels in clear. Use StartTls or Tls unless that network is yours.");
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
}

/// <summary>
/// The <c>Mail</c> section: the support mailbox read over IMAP and letters sent over SMTP. The channel is on when
/// <c>Mail:Imap:Host</c> is set.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public MailServerOptions Imap { get; set; } = new();

    public MailServerOptions Smtp { get; set; } = new();

    /// <summary>The folder letters arrive in.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where a letter is moved once handled (created when missing).</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>The support address: letters go out from it, and letters from it are never taken as requests.</summary>
    public string? Address { get; set; }

    /// <summary>The name letters go out under.</summary>
    public string DisplayName { get; set; } = Domain.Localization.MailTexts.GeneralSubject(Domain.Localization.Language.Ru);

    /// <summary>At most this many automatic letters (acknowledgements) to one address an hour.</summary>
    public int AutoRepliesPerAddressPerHour { get; set; } = 20;

    /// <summary>Without IDLE on the server: how often the folder is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one IMAP or SMTP command may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Imap.Host);

    internal MailboxAddress From { get; private set; } = null!;

    /// <summary>Checks the section; throws naming the key (never printing a password).</summary>
    public void Validate(Configuration.ConfigurationNotes? notes = null)
    {
        // The folder keys are read as written: MailKit's Folder is «INBOX» in any case, others are the server's names.
        Imap.Validate($"{Section}:Imap", MailSecurity.Tls, s => s == MailSecurity.Tls ? 993 : 143, notes);
        if (string.IsNullOrWhiteSpace(Smtp.Host))
        {
            throw new SupportConfigurationException($"{Section}:Smtp:Host", null, "the mail channel reads over IMAP and answers over SMTP: set the SMTP server too, e.g. Mail__Smtp__Host=smtp.example.ru");
        }

        Smtp.Validate($"{Section}:Smtp", MailSecurity.StartTls, s => s switch { MailSecurity.Tls => 465, MailSecurity.StartTls => 587, _ => 25 }, notes);
        if (string.IsNullOrWhiteSpace(Address) || !MailboxAddress.TryParse(Address.Trim(), out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new SupportConfigurationException($"{Section}:Address", Address, "expected the support address letters go out from, e.g. support@example.ru");
        }

        From = new MailboxAddress(string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(), address.Address);
        if (string.IsNullOrWhiteSpace(Folder) || string.IsNullOrWhiteSpace(ProcessedFolder) || string.Equals(Folder.Trim(), ProcessedFolder.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new SupportConfigurationException($"{Section}:ProcessedFolder", ProcessedFolder, $"expected a folder other than {Section}:Folder ({Folder}), e.g. Processed");
        }

        if (AutoRepliesPerAddressPerHour is < 1 or > 10_000)
        {
            throw new SupportConfigurationException($"{Section}:AutoRepliesPerAddressPerHour", AutoRepliesPerAddressPerHour.ToString(CultureInfo.InvariantCulture), "expected 1 to 10000");
        }

        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromMinutes(30))
        {
            throw new SupportConfigurationException($"{Section}:PollInterval", PollInterval.ToString(), "expected 00:00:01 to 00:30:00");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            throw new SupportConfigurationException($"{Section}:RequestTimeout", RequestTimeout.ToString(), "expected 00:00:01 to 00:10:00");
        }
    }
}

using System.CommandLine;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Privacy;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// <c>erase --customer telegram:1001</c> (<c>max:…</c>, <c>mail:anna@example.ru</c>): what <c>/forget</c> does, for a request
/// that came another way (a letter, a call, a regulator). Runs beside the bot, on its database and configuration (the
/// staff chat's card is edited by the running bot's outbox). Exit codes: 0 erased, 2 bad input (a key that is no
/// customer's), 3 refused (a ticket of theirs is open, or they are writing one).
/// </summary>
public static class EraseCommand
{
    public static Command Create(IConfiguration configuration, Func<SlaSetup> setup)
    {
        var customerOption = new Option<string>("--customer") { Description = "telegram:<user id>, max:<user id> or mail:<address>", HelpName = "KEY", Required = true };
        var command = new Command("erase", "Erase a customer's personal data from their closed tickets and profile (152-FZ)") { customerOption };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var key = parse.GetValue(customerOption)!;
            if (!PersonalDataEraser.TryParseKey(key, out var channel, out var userId))
            {
                error.WriteLine($"erase: «{key}» is not a customer key; use telegram:1001, max:2002 or mail:anna@example.ru");
                return ExitCodes.BadInput;
            }

            var settings = DatabaseSettings.FromConfiguration(configuration);
            if (!settings.IsPostgres && !File.Exists(settings.DataSource))
            {
                error.WriteLine($"erase: no database at {Path.GetFullPath(settings.DataSource)} (ConnectionStrings:Support)");
                return ExitCodes.BadInput;
            }

            // The bot's own services on its configuration (not started): the same eraser /forget uses, the same card texts.
            using var host = Hosting.BotHost.Build([], configuration, setup());
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == channel && c.UserId == userId, ct);
            if (customer is null)
            {
                error.WriteLine($"erase: no customer {key} in {settings.Describe()}");
                return ExitCodes.BadInput;
            }

            var outcome = await scope.ServiceProvider.GetRequiredService<PersonalDataEraser>().EraseCustomerAsync(customer, ErasureReason.Operator, ct);
            if (outcome is ErasureOutcome.Refused refused)
            {
                error.WriteLine("erase: refused: " + (refused.OpenTickets.Count > 0
                    ? $"ticket(s) {string.Join(", ", refused.OpenTickets.Select(n => $"#{n}"))} of {key} are open; erase once they are closed"
                    : $"{key} is writing a new request; erase once it is registered and closed, or cancelled"));
                return ExitCodes.Refused;
            }

            await transaction.CommitAsync(ct);
            if (!settings.IsPostgres && !await PrivacyCheckpoint.TruncateWalAsync(db, TimeSpan.FromSeconds(10), ct))
            {
                error.WriteLine("erase: the WAL stayed in use by a reader for 10 s; the running bot truncates it at its first sweep after midnight (or run erase again)");
            }

            var tickets = ((ErasureOutcome.Done)outcome).Tickets;
            output.WriteLine(tickets.Count == 0
                ? $"erase: {key}: profile erased; no tickets"
                : $"erase: {key}: personal data erased from {tickets.Count} closed ticket(s) ({string.Join(", ", tickets.Select(n => $"#{n}"))}) and the profile; numbers, times and SLA outcomes kept");
            return ExitCodes.Ok;
        });
        return command;
    }
}

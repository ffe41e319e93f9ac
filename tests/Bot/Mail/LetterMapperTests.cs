using ChatSupport.Bot.Mail;
using MimeKit;

namespace ChatSupport.Tests.Bot.Mail;

/// <summary>A letter as the mail channel reads it, without a server: who it is from, whether to trust that, what it says.</summary>
public sealed class LetterMapperTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 25, 15, 30, 0, TimeSpan.Zero);

    private static MimeMessage Letter(string? from = "Анна <anna@client.test>", string subject = "Вопрос", string text = "Текст", string? messageId = "a-1@client.test", string? authenticationResults = null)
    {
        var message = new MimeMessage();
        if (from is not null)
        {
            message.From.Add(MailboxAddress.Parse(from));
        }

        message.To.Add(MailboxAddress.Parse("support@desk.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        if (messageId is not null)
        {
            message.MessageId = messageId;
        }
        else
        {
            // MimeKit gives every new message an id: a letter without one has it taken off.
            message.Headers.Remove(HeaderId.MessageId);
        }

        if (authenticationResults is not null)
        {
            message.Headers.Insert(0, new Header(HeaderId.AuthenticationResults, authenticationResults));
        }

        return message;
    }

    private static ChatSupport.Domain.Channels.IncomingUpdate Map(MimeMessage message) =>
        LetterMapper.Map(message, Received, 1000, "support@desk.test", 20 * 1024 * 1024)!;

    [Theory]
    [InlineData("mx.desk.test; dmarc=fail header.from=client.test", true)]
    [InlineData("mx.desk.test; dmarc=none header.from=client.test; spf=fail smtp.mailfrom=client.test; dkim=none", true)]
    [InlineData("mx.desk.test; spf=softfail smtp.mailfrom=client.test", true)]
    [InlineData("mx.desk.test; dmarc=none; spf=fail smtp.mailfrom=client.test; dkim=pass header.d=client.test", false)]
    [InlineData("mx.desk.test; dmarc=pass header.from=client.test; spf=fail smtp.mailfrom=client.test", false)]
    [InlineData("mx.desk.test; spf=pass smtp.mailfrom=client.test", false)]
    [InlineData(null, false)]
    public void TheReceivingServersVerdict_DecidesWhetherTheSenderIsConfirmed(string? results, bool unverified) =>
        Assert.Equal(unverified, Map(Letter(authenticationResults: results)).Letter!.Unverified);

    [Fact]
    public void ALetterWithoutOneFrom_IsFromNobodyKnown_WhateverItsReplyToSays()
    {
        var letter = Letter(from: null);
        letter.ReplyTo.Add(MailboxAddress.Parse("victim@client.test"));
        var update = Map(letter);

        Assert.Equal(LetterMapper.Unknown, update.ChatId);
        Assert.True(update.Letter!.Unverified);
    }

    [Fact]
    public void ControlCharacters_AreTakenOut_LineBreaksStay()
    {
        var update = Map(Letter(from: "\"Ан\u0000на\" <anna@client.test>", subject: "Тема\u0000", text: "Строка 1\u0000\nСтрока\t2\u0007"));

        Assert.Equal("Строка 1\nСтрока\t2", update.Text);
        Assert.Equal("Тема", update.Letter!.Subject);
        Assert.Equal("Анна", update.From.DisplayName);
    }

    [Fact]
    public void TheKey_IsTheSenderAndTheMessageId_SoTwoSystemsReusingAnIdNeverCollide()
    {
        var anna = Map(Letter(from: "anna@client.test", messageId: "same@id"));
        var boris = Map(Letter(from: "boris@client.test", messageId: "same@id"));

        Assert.Equal("id:anna@client.test same@id", anna.UpdateKey);
        Assert.NotEqual(anna.UpdateKey, boris.UpdateKey);
    }

    [Fact]
    public void WithoutAMessageId_TheKeyHashesWhenAndWhatCame_SoTwoLettersAlikeStayTwo()
    {
        var first = LetterMapper.Map(Letter(messageId: null), Received, 1000, "support@desk.test", 1000)!;
        var again = LetterMapper.Map(Letter(messageId: null), Received, 1000, "support@desk.test", 1000)!;
        var later = LetterMapper.Map(Letter(messageId: null), Received.AddMinutes(1), 1000, "support@desk.test", 1000)!;

        Assert.StartsWith("h:", first.UpdateKey, StringComparison.Ordinal);
        Assert.Equal(first.UpdateKey, again.UpdateKey);
        Assert.NotEqual(first.UpdateKey, later.UpdateKey);
    }

    [Fact]
    public void AnIdTooLongToKeep_IsNotKept_RatherThanCutIntoAnotherId()
    {
        var update = Map(Letter(messageId: new string('a', 600) + "@client.test"));

        Assert.Null(update.Letter!.MessageId);
        Assert.StartsWith("h:", update.UpdateKey, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeTextPart_IsReadOnlyAsFarAsATicketNeeds()
    {
        var update = Map(Letter(text: new string('я', 3_000_000)));

        Assert.True(update.Text!.Length <= LetterMapper.MaxText + 1);
    }

    [Fact]
    public void ALetterFromTheSupportAddressItself_IsNoRequest() =>
        Assert.Null(LetterMapper.Map(Letter(from: "Поддержка <Support@Desk.test>"), Received, 1000, "support@desk.test", 1000));
}

using ChatSupport.Domain.Mail;

namespace ChatSupport.Tests.Domain.Mail;

public sealed class QuotedHistoryTests
{
    [Theory]
    [InlineData("Спасибо, заработало.\n\n30.11.2026 10:00, Анна пишет:\n> Попробуйте перезапустить службу.")]
    [InlineData("Спасибо, заработало.\r\n\r\nпн, 30 нояб. 2026 г. в 10:00, Поддержка <support@vendor.ru>:\r\n> Попробуйте перезапустить службу.")]
    [InlineData("Спасибо, заработало.\n\nOn Mon, 30 Nov 2026 at 10:00, Support <support@vendor.ru>\nwrote:\n> Try restarting the service.")]
    [InlineData("Спасибо, заработало.\n\n-----Original Message-----\nFrom: Support\nПопробуйте перезапустить службу.")]
    [InlineData("Спасибо, заработало.\n\n-------- Исходное сообщение --------\nТема: [#12]\nПопробуйте перезапустить службу.")]
    [InlineData("Спасибо, заработало.\n\nОт: Поддержка <support@vendor.ru>\nОтправлено: 30 ноября 2026 г. 10:00\nКому: anna@client.ru\nПопробуйте перезапустить службу.")]
    [InlineData("Спасибо, заработало.\n\n*From:* Support <support@vendor.ru>\n*Sent:* Monday, November 30, 2026 10:00 AM\nTry restarting the service.")]
    [InlineData("Спасибо, заработало.\n\n> Попробуйте перезапустить службу.\n> \n> С уважением, поддержка\n")]
    public void TheHistoryBelowTheAnswer_IsTakenOff(string letter) =>
        Assert.Equal("Спасибо, заработало.", QuotedHistory.Trim(letter));

    [Fact]
    public void AnswersBetweenQuotes_Stay()
    {
        var letter = "> Какая версия?\n5.2\n> Что в журнале?\nОшибка 0x80004005";
        Assert.Equal(letter, QuotedHistory.Trim(letter));
    }

    [Theory]
    [InlineData("Как я уже написал:\nсервер не стартует после обновления.")]
    [InlineData("Смотрите пересланное.\n\n-------- Пересылаемое сообщение --------\nОт: Бухгалтерия\nОтправлено: вчера\nНе проходит обмен.")]
    [InlineData("Ошибка: служба остановлена.\nЖурнал: пуст.")]
    public void TheCustomersOwnTextAndForwardedLetters_Stay(string letter) =>
        Assert.Equal(letter, QuotedHistory.Trim(letter));

    [Fact]
    public void ALetterThatIsOnlyAQuote_IsKeptWhole()
    {
        var letter = "> Попробуйте перезапустить службу.\n> С уважением, поддержка";
        Assert.Equal(letter, QuotedHistory.Trim(letter));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("   \n ", "")]
    [InlineData("\n\nТекст\n\n", "Текст")]
    public void EmptyAndPaddedText(string? letter, string expected) => Assert.Equal(expected, QuotedHistory.Trim(letter));
}

using ChatSupport.Domain.Mail;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Tests.Domain.Mail;

public sealed class MailSubjectTests
{
    [Theory]
    [InlineData("[1] Не запускается сервер", PriorityLevel.Critical)]
    [InlineData("Не запускается сервер [2]", PriorityLevel.Medium)]
    [InlineData("Уровень 1: всё упало", PriorityLevel.Critical)]
    [InlineData("уровень: 2 — обмен с 1С", PriorityLevel.Medium)]
    [InlineData("Приоритет 3, вопрос по отчётам", PriorityLevel.Low)]
    [InlineData("Level 3 question about reports", PriorityLevel.Low)]
    [InlineData("LEVEL-1 outage", PriorityLevel.Critical)]
    [InlineData("Re: [#12] Не запускается сервер уровень 1", PriorityLevel.Critical)]
    public void ALevelInTheSubject_IsRead(string subject, PriorityLevel level) =>
        Assert.Equal(level, MailSubject.Read(subject).Level);

    [Theory]
    [InlineData("Не запускается сервер")]
    [InlineData("[#12] Не запускается сервер")]
    [InlineData("[12] квартальный отчёт")]
    [InlineData("Уровень 4")]
    [InlineData("level 12 of the building")]
    [InlineData("Пожаровровень 1")]
    [InlineData("")]
    [InlineData(null)]
    public void NoLevelNamed_NoneGuessed(string? subject) =>
        Assert.Null(MailSubject.Read(subject).Level);

    [Theory]
    [InlineData("Re: [#12] Не запускается сервер", 12)]
    [InlineData("RE: RE: Fwd: [ # 7 ] ошибка", 7)]
    [InlineData("Ответ: Заявка [#1024]", 1024)]
    public void OurTagNamesTheTicket(string subject, int number) =>
        Assert.Equal(number, MailSubject.Read(subject).TicketNumber);

    [Theory]
    [InlineData("#12 Не запускается сервер")]
    [InlineData("[#0] ноль")]
    [InlineData("[#12345678901] слишком длинный")]
    public void NoTag_NoTicket(string subject) => Assert.Null(MailSubject.Read(subject).TicketNumber);

    [Theory]
    [InlineData("Нужна диагностика сервера", RequestCategory.Diagnostics)]
    [InlineData("Ошибка при выгрузке", RequestCategory.FaultConsultation)]
    [InlineData("Восстановление работоспособности после сбоя", RequestCategory.OperationConsultation)]
    [InlineData("Установка обновления 5.2", RequestCategory.Updates)]
    [InlineData("Please send the latest patch", RequestCategory.Updates)]
    [InlineData("Diagnostics of an error", RequestCategory.Diagnostics)]
    public void TheRegulationsCategoryByItsWords_TheFirstNamedWins(string subject, RequestCategory category) =>
        Assert.Equal(category, MailSubject.Read(subject).Category);

    [Theory]
    [InlineData("Вопрос")]
    [InlineData("Сборка отчёта")]
    [InlineData("Hello")]
    public void NoCategoryWords_NoCategory(string subject) => Assert.Null(MailSubject.Read(subject).Category);

    [Theory]
    [InlineData("Re: Fwd: RE[2]: Не запускается сервер", "Не запускается сервер")]
    [InlineData("Ответ: На: [#12]   Не запускается\tсервер ", "Не запускается сервер")]
    [InlineData("AW: SV: Fw: Error", "Error")]
    [InlineData("Recovery plan", "Recovery plan")]
    [InlineData("[1] Не запускается сервер", "Не запускается сервер")]
    [InlineData("Re: [#4] [2] Обмен", "Обмен")]
    [InlineData("Надо: проверить", "Надо: проверить")]
    public void TheTopic_LosesPrefixesAndOurTag(string subject, string topic) =>
        Assert.Equal(topic, MailSubject.Read(subject).Topic);

    [Theory]
    [InlineData("Организация: ООО Ромашка", "ООО Ромашка")]
    [InlineData("организация — АО «Вектор»", "АО «Вектор»")]
    [InlineData("Company: Romashka LLC", "Romashka LLC")]
    [InlineData("Organization - Acme", "Acme")]
    [InlineData("Наша организация: ООО Ромашка", null)]
    [InlineData("Организация:", null)]
    [InlineData(null, null)]
    public void ALineNamingTheOrganisation_IsRead(string? line, string? organisation) =>
        Assert.Equal(organisation, MailSubject.OrganisationNamed(line));

    [Theory]
    [InlineData("Да, спасибо!", true)]
    [InlineData("да", true)]
    [InlineData("Решена, закрывайте", true)]
    [InlineData("Yes, it works now", true)]
    [InlineData("Нет, снова падает", false)]
    [InlineData("Не решена: ошибка та же", false)]
    [InlineData("No.", false)]
    [InlineData("Дайте знать, когда", null)]
    [InlineData("Нетривиальная ошибка", null)]
    [InlineData("Спасибо", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void AReplysFirstLine_AnswersSolvedOrNot_OrNeither(string? line, bool? solved) =>
        Assert.Equal(solved, MailSubject.SolvedAnswer(line));

    [Theory]
    [InlineData(12, "Не запускается сервер", "[#12] Не запускается сервер")]
    [InlineData(12, "Re: [#12] Не запускается сервер", "[#12] Не запускается сервер")]
    [InlineData(3, "", "[#3]")]
    [InlineData(3, null, "[#3]")]
    public void OurReplysSubject_CarriesTheTagOnce(int number, string? original, string expected) =>
        Assert.Equal(expected, MailSubject.ForTicket(number, original));
}

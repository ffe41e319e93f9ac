using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What the intake dialogue says between its steps: why a step is asked again, and the buttons' notices.</summary>
public static class IntakeTexts
{
    public static string StaleStep(Language lang) => lang.L("Кнопка устарела — вот текущий шаг", "This button is out of date — here is the current step");

    public static string CancelledNotice(Language lang) => lang.L("Заявка отменена", "Request cancelled");

    public static string FilesComeLater(Language lang) => lang.L("Файлы можно будет приложить на шаге описания проблемы.", "You can attach files when describing the problem.");

    public static string OrganisationLength(Language lang) => lang.L(
        $"Название организации — от {IntakeRules.OrganisationMin} до {IntakeRules.OrganisationMax} символов.",
        $"The organisation name is {IntakeRules.OrganisationMin} to {IntakeRules.OrganisationMax} characters.");

    public static string FilesGoWithTheDescription(Language lang) =>
        lang.L("Файлы можно приложить на шаге описания: нажмите «Изменить» → «Описание».", "Files go with the description: press «Edit» → «Description».");

    public static string ChooseWithAButton(Language lang) => lang.L("Выберите вариант кнопкой под сообщением.", "Please choose with a button below.");

    public static string DescriptionTooLong(Language lang) => lang.L(
        $"Описание слишком длинное (больше {IntakeRules.DescriptionMaxChars} символов). Приложите подробности файлом.",
        $"The description is too long (over {IntakeRules.DescriptionMaxChars} characters). Attach the details as a file.");

    public static string TooManyFiles(Language lang) => lang.L(
        $"Можно приложить не больше {IntakeRules.MaxAttachments} файлов. Остальные пришлите инженеру после регистрации.",
        $"At most {IntakeRules.MaxAttachments} files. Send the rest to the engineer after registration.");

    public static string SendSomething(Language lang) => lang.L("Пришлите текст, фото или документ.", "Send text, a photo or a document.");

    public static string DescriptionEmpty(bool hasFiles, Language lang) => hasFiles
        ? lang.L("Добавьте пару слов к файлам: что произошло?", "Add a few words to the files: what happened?")
        : lang.L("Описание пустое. Опишите проблему хотя бы одним сообщением.", "The description is empty. Describe the problem in at least one message.");

    public static string DescriptionEmptyNotice(Language lang) => lang.L("Описание пустое", "Description is empty");

    public static string DescriptionCleared(Language lang) => lang.L("Описание очищено", "Description cleared");

    public static string RegisteringNotice(Language lang) => lang.L("Регистрирую…", "Registering…");

    /// <summary>The description of a ticket whose customer sent only files (stored on the ticket; staff read it).</summary>
    public static string FilesOnlyDescription(int files) => $"(только файлы: {files})";
}

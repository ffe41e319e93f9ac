using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;

namespace ChatSupport.Bot.Dialogue.Handlers;

public static class CustomerHandlerRegistration
{
    /// <summary>One handler per customer command and button action: the table <see cref="CustomerConversation"/> routes by.</summary>
    public static IServiceCollection AddCustomerHandlers(this IServiceCollection services)
    {
        services.AddScoped<IntakeHandler>();
        services.AddScoped<StartHelpHandler>();
        services.AddScoped<TicketsHandler>();
        services.AddScoped<ProfileLanguageHandler>();
        services.AddScoped<CommentHandler>();
        services.AddScoped<ConfirmHandler>();
        services.AddScoped<MessageHandler>();
        services.AddScoped<SatisfactionHandler>();
        services.AddScoped<ForgetHandler>();
        services.AddScoped<IncidentJoinHandler>();
        services.AddScoped<ICustomerHandler<IncidentJoinAction>>(sp => sp.GetRequiredService<IncidentJoinHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.Forget>>(sp => sp.GetRequiredService<ForgetHandler>());
        services.AddScoped<ICustomerHandler<ForgetAction>>(sp => sp.GetRequiredService<ForgetHandler>());
        services.AddScoped<Privacy.PersonalDataEraser>();
        services.AddScoped<ICustomerHandler<RateAction>>(sp => sp.GetRequiredService<SatisfactionHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.Start>>(sp => sp.GetRequiredService<StartHelpHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.Help>>(sp => sp.GetRequiredService<StartHelpHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.NewRequest>>(sp => sp.GetRequiredService<IntakeHandler>());
        services.AddScoped<ICustomerHandler<IntakeAction>>(sp => sp.GetRequiredService<IntakeHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.Cancel>>(sp => sp.GetRequiredService<IntakeHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.MyRequests>>(sp => sp.GetRequiredService<TicketsHandler>());
        services.AddScoped<ICustomerHandler<TicketsPageAction>>(sp => sp.GetRequiredService<TicketsHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.ShowTicket>>(sp => sp.GetRequiredService<TicketsHandler>());
        services.AddScoped<ICustomerHandler<ShowTicketAction>>(sp => sp.GetRequiredService<TicketsHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.ChooseLanguage>>(sp => sp.GetRequiredService<ProfileLanguageHandler>());
        services.AddScoped<ICustomerHandler<LanguageAction>>(sp => sp.GetRequiredService<ProfileLanguageHandler>());
        services.AddScoped<ICustomerHandler<CustomerCommand.Profile>>(sp => sp.GetRequiredService<ProfileLanguageHandler>());
        services.AddScoped<ICustomerHandler<AttachCommentAction>>(sp => sp.GetRequiredService<CommentHandler>());
        services.AddScoped<ICustomerHandler<ConfirmAction>>(sp => sp.GetRequiredService<ConfirmHandler>());
        services.AddScoped<ICustomerHandler<CustomerMessage>>(sp => sp.GetRequiredService<MessageHandler>());
        return services;
    }
}

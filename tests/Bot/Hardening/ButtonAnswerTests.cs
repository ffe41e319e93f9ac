using ChatSupport.Bot.Channels;
using ChatSupport.Tests.Bot.Fakes;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// A pressed button's answer (which stops its spinner) is retried on 429, 5xx and resets while the press is
/// still valid, off the updates loop: the customer never sees a button spinning because the API hiccupped.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class ButtonAnswerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnAnswerRefusedThreeTimes_IsRetried_WaitingOutRetryAfter_WithoutHoldingUpdates()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 9301);
        await anna.SendAsync("/start");
        bot.Api.FailNext("answerCallbackQuery", Fault.TooManyRequests, retryAfter: 2);
        bot.Api.FailNext("answerCallbackQuery", Fault.ServerError);
        bot.Api.FailNext("answerCallbackQuery", Fault.Reset);

        var prompt = await anna.PressAsync("Новая заявка");
        // The updates loop goes on while the answer waits out its retry_after: the next message is answered at once.
        var next = await anna.SendAsync("ООО Ромашка");

        var answers = await WaitForAnswersAsync(bot.Api, 4);
        var press = Assert.Single(bot.Api.Presses);
        Assert.Equal([429, 500, 0, 200], answers.Select(a => a.Status));
        Assert.All(answers, a => Assert.Equal(press.CallbackId, a.Body["callback_query_id"]!.GetValue<string>()));
        Assert.True(answers[1].At - answers[0].At >= TimeSpan.FromSeconds(1.9), $"retry_after 2 s was not waited: {(answers[1].At - answers[0].At).TotalSeconds:F2} s");
        Assert.True(answers[3].At - press.At < ButtonAnswers.Validity, "answered within the press's validity");
        Assert.True(next.At < answers[3].At, "the next update was handled before the button's answer got through");
        Assert.Contains("организация", FakeBotApi.TextOf(prompt));
    }

    [Fact]
    public async Task UnderAFlakyApi_EveryPressOfARegistrationIsAnswered()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EndToEnd.EngineersEndToEndTests.StaffSettings())
        {
            ["Telegram:RequestTimeout"] = "00:00:03",
            ["Outbox:MaxBackoff"] = "00:00:05",
        });
        using var stop = new CancellationTokenSource();
        // The support clock runs fast so the outbox's retries (on that clock) come round quickly.
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                bot.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(100);
            }
        });

        bot.Api.StartChaos(new Dictionary<Fault, double> { [Fault.TooManyRequests] = 0.10, [Fault.ServerError] = 0.05, [Fault.Reset] = 0.03 }, seed: 11, retryAfter: (1, 3));
        var customers = Enumerable.Range(0, 2).Select(i => new ScriptedCustomer(bot.Api, 93_100 + i, "3 — неудобство")).ToList();
        var drivers = customers.Select(c => c.RunAsync(stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(25));
        await stop.CancelAsync();
        await Task.WhenAll(drivers.Append(ticker).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        // The last presses still have their validity to be answered in.
        await Task.Delay(ButtonAnswers.Validity + TimeSpan.FromSeconds(1));
        bot.Api.StopChaos();

        var presses = bot.Api.Presses.ToList();
        var answers = bot.Api.Calls.Where(c => c.Method == "answerCallbackQuery").ToList();
        var failed = answers.Count(a => a.Status != 200);
        var late = new List<string>();
        foreach (var (callbackId, at) in presses)
        {
            var answered = answers.FirstOrDefault(a => a.Status == 200 && a.Body["callback_query_id"]!.GetValue<string>() == callbackId);
            if (answered is null || answered.At - at >= ButtonAnswers.Validity)
            {
                late.Add($"{callbackId} {(answered is null ? "never answered" : $"answered after {(answered.At - at).TotalSeconds:F1} s")}");
            }
        }

        output.WriteLine($"{presses.Count} presses, {answers.Count} answer calls ({failed} refused by the fake); faults injected: "
            + string.Join(", ", bot.Api.Injected.Select(p => $"{p.Key} {p.Value}")) + $"; tickets confirmed {customers.Sum(c => c.ConfirmedFromLog().Count)}");
        Assert.True(presses.Count >= 10, $"too few presses to say anything: {presses.Count}");
        Assert.True(failed > 0, "the fake refused no answer: nothing was retried");
        Assert.Empty(late);
    }

    private static async Task<List<ApiCall>> WaitForAnswersAsync(FakeBotApi api, int count)
    {
        await api.WaitForNthAsync(c => c.Method == "answerCallbackQuery", count, TimeSpan.FromSeconds(15), "answer the press");
        return [.. api.Calls.Where(c => c.Method == "answerCallbackQuery")];
    }
}

using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Architecture;

/// <summary>
/// Every text a person reads — and every word the bot recognises — lives in domain/Localization, in Russian and
/// English. Read as the compiler reads the source (comments may say anything): no string literal with Cyrillic, and
/// no <c>.L(</c> choice between languages, anywhere else in bot/ or domain/.
/// </summary>
public sealed partial class LocalizationTests(ITestOutputHelper output)
{
    [Fact]
    public void Texts_LiveOnlyInLocalization()
    {
        var found = new List<string>();
        foreach (var file in SourceFiles())
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var relative = Path.GetRelativePath(RepositoryRoot, file);
            foreach (var token in root.DescendantTokens())
            {
                if (token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.CharacterLiteralToken
                    or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken
                    && Cyrillic().IsMatch(token.Text))
                {
                    found.Add($"{relative}:{token.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {Cut(token.Text)}");
                }
            }

            foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "L" })
                {
                    found.Add($"{relative}:{call.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {Cut(call.ToString())}");
                }
            }
        }

        foreach (var line in found)
        {
            output.WriteLine(line);
        }

        Assert.True(found.Count == 0, $"{found.Count} person-facing strings or .L( calls outside domain/Localization:\n{string.Join('\n', found.Take(40))}");
    }

    /// <summary>The checker itself: it sees a Cyrillic literal and a .L( call, and not a Cyrillic comment.</summary>
    [Fact]
    public void Checker_SeesLiteralsAndChoices_NotComments()
    {
        const string source = """
            // Комментарий: «Взять в работу»
            class C { string A = "Привет"; string B = $"Заявка {1}"; string D(Language l) => l.L("a", "b"); }
            """;
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        Assert.Equal(2, root.DescendantTokens().Count(t => t.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken && Cyrillic().IsMatch(t.Text)));
        Assert.Single(root.DescendantNodes().OfType<InvocationExpressionSyntax>(), c => c.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "L" });
    }

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatSupport.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("ChatSupport.sln not found above the test's folder.");
        }
    }

    private static IEnumerable<string> SourceFiles()
    {
        var localization = Path.Combine(RepositoryRoot, "domain", "Localization") + Path.DirectorySeparatorChar;
        return new[] { "bot", "domain" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.StartsWith(localization, StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static string Cut(string text) => text.Length <= 100 ? text : text[..100] + "…";

    [GeneratedRegex("[\u0400-\u04FF]")]
    private static partial Regex Cyrillic();
}

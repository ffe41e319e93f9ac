using ChatSupport.Bot.Scheduling;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Tests.Bot.Scheduling;

public sealed class QuartzSchemaTests
{
    [Fact]
    public void CreateStatements_BuildEveryQuartzTable()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        foreach (var statement in QuartzSchema.CreateStatements())
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        using var list = connection.CreateCommand();
        list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ_%'";
        var tables = new List<string>();
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(QuartzSchema.Tables.Order(), tables.Order());
    }
}

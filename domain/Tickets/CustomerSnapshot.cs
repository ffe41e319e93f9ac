using ChatSupport.Domain.Channels;

namespace ChatSupport.Domain.Tickets;

/// <summary>Who the customer is at the moment the ticket was registered (kept on the ticket as it was).</summary>
public sealed record CustomerSnapshot(long CustomerId, ChannelKind Channel, string UserId, string ChatId, string Name, string? Username, string Organisation);

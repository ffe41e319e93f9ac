# ChatSupport bot image: build with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t chatsupport .
#   docker run -e Telegram__BotToken=... -v chatsupport-data:/data chatsupport
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig appsettings.json ./
COPY domain/ChatSupport.Domain.csproj domain/
COPY bot/ChatSupport.Bot.csproj bot/
RUN dotnet restore bot/ChatSupport.Bot.csproj
COPY domain/ domain/
COPY bot/ bot/
RUN dotnet publish bot/ChatSupport.Bot.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The SQLite database lives on a volume so it outlives the container.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
# The demo listens on the container's own loopback, out of anyone's reach: a container without a token
# stops with the one-line hint instead.
ENV ConnectionStrings__Support="Data Source=/data/chatsupport.db" \
    Health__Port=8080 \
    Webhook__Host=0.0.0.0 \
    Webhook__Port=8088 \
    Demo__Enabled=false \
    DOTNET_NOLOGO=1
# Webhook mode (Telegram__Mode=Webhook): the proxy in front (TLS) forwards to this port.
EXPOSE 8088
# The image has no curl: the bot's own "health" command asks its /health on 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "ChatSupport.Bot.dll", "health"]
USER $APP_UID
ENTRYPOINT ["dotnet", "ChatSupport.Bot.dll"]

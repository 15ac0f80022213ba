# Multi-stage build: the SDK image builds, the small runtime image runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig BriefingBot.sln ./
COPY src/BriefingBot.Core/BriefingBot.Core.csproj src/BriefingBot.Core/
COPY src/BriefingBot/BriefingBot.csproj src/BriefingBot/
RUN dotnet restore src/BriefingBot/BriefingBot.csproj
COPY src/ src/
COPY samples/ samples/
COPY prompts/ prompts/
RUN dotnet publish src/BriefingBot/BriefingBot.csproj -c Release -o /app --no-restore

# The ASP.NET Core runtime: the Telegram webhook listener (Telegram:WebhookUrl) is Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The database lives on a volume; the image's built-in non-root user owns it.
ENV Storage__DataDirectory=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
USER $APP_UID
ENTRYPOINT ["dotnet", "BriefingBot.dll"]
CMD ["demo"]

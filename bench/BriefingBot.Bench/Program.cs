using BriefingBot.Bench;
using BriefingBot.Bench.Benchmarks;

// Usage: dotnet run -c Release --project bench/BriefingBot.Bench -- <ingest|brief|ask|clustering|telegram-delivery|schedule|extraction|polling|llm|scale|telegram-crash|all> [--reports N] [--db PATH] [--seed N] [--chats N] [--subs N] [--seconds N] [--pg CONNECTION]
return await BenchHost.RunAsync(args, [new ClusteringEvaluation(), new BriefBenchmark(), new IngestBenchmark(), new AskBenchmark(), new TelegramDeliveryBenchmark(), new ScheduleBenchmark(), new ExtractionBenchmark(), new PollingBenchmark(), new LlmBenchmark(), new AttributionBenchmark()], [new ScaleBenchmark(), new TelegramCrashBenchmark()]);

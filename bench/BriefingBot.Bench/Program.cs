using BriefingBot.Bench;
using BriefingBot.Bench.Benchmarks;

// Usage: dotnet run -c Release --project bench/BriefingBot.Bench -- <ingest|brief|ask|ask-quality|clustering|telegram-delivery|schedule|extraction|polling|llm|attribution|summary-quality|scale|telegram-crash|all> [--reports N] [--db PATH] [--seed N] [--chats N] [--subs N] [--seconds N] [--pg CONNECTION]
return await BenchHost.RunAsync(args, [new ClusteringEvaluation(), new BriefBenchmark(), new IngestBenchmark(), new AskBenchmark(), new AskQualityBenchmark(), new TelegramDeliveryBenchmark(), new ScheduleBenchmark(), new ExtractionBenchmark(), new PollingBenchmark(), new LlmBenchmark(), new AttributionBenchmark(), new SummaryQualityBenchmark()], [new ScaleBenchmark(), new TelegramCrashBenchmark()]);

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace LlmTelemetry.Extensions.AI.Tests.Support
{
    /// <summary>An ILoggerFactory, served by a one-service provider, that keeps each line logged and its level and category.</summary>
    internal sealed class CapturingLoggerFactory : ILoggerFactory, IServiceProvider
    {
        public List<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

        public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? this : null;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("not needed by the tests");

        public void Dispose() { }

        private sealed class Logger : ILogger
        {
            private readonly CapturingLoggerFactory _owner;
            private readonly string _category;

            public Logger(CapturingLoggerFactory owner, string category)
            {
                _owner = owner;
                _category = category;
            }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (_owner.Lines) _owner.Lines.Add((_category, logLevel, formatter(state, exception)));
            }
        }
    }
}

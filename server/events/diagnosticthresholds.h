#pragma once

#include "serverconfig.h"

/*!
    When DiagnosticsAnalyzer calls something a mistake: a handler held its thread (or its turn)
    at least holdMs while another request waited at least waitMs. The defaults are
    ServerConfig's, so the command line and the engine agree.
*/
struct DiagnosticThresholds
{
    int holdMs = ServerConfig::defaultDiagnosticThresholdMs;
    int waitMs = ServerConfig::defaultDiagnosticThresholdMs;

    /*! Both thresholds from ServerConfig::diagnosticThresholdMs. */
    static DiagnosticThresholds fromConfig(const ServerConfig &config)
    {
        return {config.diagnosticThresholdMs, config.diagnosticThresholdMs};
    }
};

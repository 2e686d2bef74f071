#include "memorybudget.h"

#include "serverconfig.h"

MemoryBudget::MemoryBudget(qint64 limitBytes)
    : m_limit(limitBytes)
    , m_resume(limitBytes / 8 * ServerConfig::memoryResumeEighths)
{ }

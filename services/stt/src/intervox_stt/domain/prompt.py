"""Jargon prompting: the current question and its key terms, so "Kubernetes", "PostgreSQL"
and "idempotent" come out spelled right.

Whisper takes an ``initial_prompt`` (text it treats as what was said just before) and
copies spellings from it; Deepgram takes key terms to boost. The terms are the question's
own technical words plus a glossary of the question's topic (the topics of the question
bank). The previous segment's transcript is added as context, so a sentence cut in two by
a pause reads on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TERMS = 30
MAX_CONTEXT_WORDS = 40

# Always worth spelling right in a technical interview.
COMMON_TERMS = (
    "API",
    "PostgreSQL",
    "Kubernetes",
    "idempotent",
    "latency",
    "throughput",
    "cache",
    "JSON",
)

GLOSSARY: dict[str, tuple[str, ...]] = {
    "algorithms": (
        "Big O",
        "O(n log n)",
        "quicksort",
        "mergesort",
        "heapsort",
        "binary search",
        "dynamic programming",
        "memoization",
        "greedy",
        "backtracking",
        "Dijkstra",
        "BFS",
        "DFS",
        "topological sort",
        "two pointers",
        "sliding window",
        "amortized",
    ),
    "backend-frameworks": (
        "Django",
        "Flask",
        "FastAPI",
        "Spring Boot",
        "Express",
        "NestJS",
        "Rails",
        "ORM",
        "middleware",
        "dependency injection",
        "N+1 query",
        "connection pool",
        "ASGI",
        "WSGI",
        "migrations",
        "serializer",
    ),
    "behavioral": (
        "STAR",
        "stakeholder",
        "retrospective",
        "postmortem",
        "deadline",
        "trade-off",
        "prioritize",
        "feedback",
        "mentor",
        "conflict",
        "ownership",
    ),
    "ci-cd-devops": (
        "CI/CD",
        "GitHub Actions",
        "Jenkins",
        "GitLab",
        "Terraform",
        "Ansible",
        "Helm",
        "blue-green",
        "canary",
        "rollback",
        "artifact",
        "pipeline",
        "infrastructure as code",
        "GitOps",
        "Argo CD",
        "feature flag",
    ),
    "cloud": (
        "AWS",
        "Azure",
        "GCP",
        "EC2",
        "S3",
        "Lambda",
        "IAM",
        "VPC",
        "autoscaling",
        "availability zone",
        "serverless",
        "CloudFront",
        "CDN",
        "RDS",
        "DynamoDB",
        "multi-region",
        "egress",
    ),
    "concurrency": (
        "mutex",
        "semaphore",
        "deadlock",
        "livelock",
        "race condition",
        "thread pool",
        "async",
        "await",
        "coroutine",
        "event loop",
        "lock-free",
        "compare-and-swap",
        "atomic",
        "GIL",
        "futures",
        "backpressure",
    ),
    "containers-kubernetes": (
        "Kubernetes",
        "kubectl",
        "kubelet",
        "etcd",
        "pod",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Ingress",
        "Helm",
        "namespace",
        "cgroups",
        "Docker",
        "containerd",
        "liveness probe",
        "readiness probe",
        "ConfigMap",
        "sidecar",
        "HPA",
    ),
    "data-engineering": (
        "ETL",
        "ELT",
        "Spark",
        "Airflow",
        "Kafka",
        "Parquet",
        "data lake",
        "data warehouse",
        "Snowflake",
        "BigQuery",
        "dbt",
        "partitioning",
        "schema evolution",
        "CDC",
        "batch",
        "streaming",
        "idempotent",
    ),
    "data-structures": (
        "hash map",
        "hash table",
        "linked list",
        "binary tree",
        "BST",
        "heap",
        "trie",
        "B-tree",
        "graph",
        "adjacency list",
        "stack",
        "queue",
        "deque",
        "red-black tree",
        "bloom filter",
        "skip list",
        "LRU",
    ),
    "distributed-systems": (
        "CAP theorem",
        "consensus",
        "Raft",
        "Paxos",
        "quorum",
        "replication",
        "sharding",
        "leader election",
        "eventual consistency",
        "linearizability",
        "idempotent",
        "two-phase commit",
        "saga",
        "vector clock",
        "split brain",
        "partition tolerance",
        "exactly-once",
    ),
    "engineering-leadership": (
        "roadmap",
        "OKRs",
        "one-on-one",
        "stakeholder",
        "technical debt",
        "hiring",
        "onboarding",
        "RFC",
        "architecture review",
        "incident",
        "velocity",
        "delegation",
    ),
    "frontend-react": (
        "React",
        "JSX",
        "useState",
        "useEffect",
        "useMemo",
        "useCallback",
        "props",
        "virtual DOM",
        "reconciliation",
        "hydration",
        "Next.js",
        "Redux",
        "SSR",
        "memoization",
        "Suspense",
        "TypeScript",
        "CSS",
    ),
    "go": (
        "Go",
        "goroutine",
        "channel",
        "select",
        "defer",
        "panic",
        "recover",
        "interface",
        "struct",
        "slice",
        "context",
        "sync.WaitGroup",
        "mutex",
        "garbage collector",
        "go vet",
        "generics",
    ),
    "http-apis": (
        "REST",
        "HTTP",
        "HTTPS",
        "GraphQL",
        "gRPC",
        "idempotent",
        "idempotency key",
        "PUT",
        "PATCH",
        "POST",
        "status code",
        "OAuth",
        "JWT",
        "rate limiting",
        "pagination",
        "ETag",
        "OpenAPI",
        "CORS",
        "webhook",
    ),
    "java": (
        "Java",
        "JVM",
        "JIT",
        "garbage collection",
        "heap",
        "Spring",
        "HashMap",
        "ConcurrentHashMap",
        "synchronized",
        "volatile",
        "CompletableFuture",
        "Stream API",
        "Optional",
        "generics",
        "classloader",
        "Maven",
        "Gradle",
    ),
    "javascript-typescript": (
        "JavaScript",
        "TypeScript",
        "Node.js",
        "event loop",
        "Promise",
        "async",
        "await",
        "closure",
        "prototype",
        "hoisting",
        "npm",
        "ES modules",
        "generics",
        "union type",
        "callback",
        "V8",
        "microtask",
    ),
    "machine-learning": (
        "overfitting",
        "regularization",
        "gradient descent",
        "backpropagation",
        "cross-validation",
        "precision",
        "recall",
        "F1",
        "ROC AUC",
        "embedding",
        "transformer",
        "PyTorch",
        "TensorFlow",
        "scikit-learn",
        "feature engineering",
        "bias-variance",
        "hyperparameter",
    ),
    "messaging-streaming": (
        "Kafka",
        "RabbitMQ",
        "AMQP",
        "topic",
        "partition",
        "consumer group",
        "offset",
        "dead letter queue",
        "exactly-once",
        "at-least-once",
        "idempotent",
        "outbox",
        "backpressure",
        "Pub/Sub",
        "Kinesis",
        "event sourcing",
    ),
    "networking": (
        "TCP",
        "UDP",
        "IP",
        "DNS",
        "TLS",
        "HTTP/2",
        "HTTP/3",
        "QUIC",
        "handshake",
        "load balancer",
        "NAT",
        "subnet",
        "CIDR",
        "latency",
        "bandwidth",
        "BGP",
        "three-way handshake",
    ),
    "nosql-caching": (
        "Redis",
        "Memcached",
        "MongoDB",
        "Cassandra",
        "DynamoDB",
        "cache-aside",
        "write-through",
        "TTL",
        "eviction",
        "LRU",
        "cache stampede",
        "consistent hashing",
        "sharding",
        "document store",
        "key-value",
    ),
    "observability-sre": (
        "SLO",
        "SLI",
        "SLA",
        "error budget",
        "Prometheus",
        "Grafana",
        "OpenTelemetry",
        "tracing",
        "p99",
        "latency",
        "alerting",
        "on-call",
        "postmortem",
        "runbook",
        "RED metrics",
        "cardinality",
        "MTTR",
    ),
    "operating-systems": (
        "kernel",
        "process",
        "thread",
        "context switch",
        "virtual memory",
        "page fault",
        "TLB",
        "system call",
        "scheduler",
        "file descriptor",
        "mmap",
        "fork",
        "exec",
        "inode",
        "epoll",
        "copy-on-write",
    ),
    "python": (
        "Python",
        "GIL",
        "asyncio",
        "generator",
        "decorator",
        "context manager",
        "list comprehension",
        "CPython",
        "PyPI",
        "pip",
        "virtualenv",
        "type hints",
        "mypy",
        "dataclass",
        "__init__",
        "pytest",
        "iterator",
    ),
    "security": (
        "OWASP",
        "XSS",
        "CSRF",
        "SQL injection",
        "OAuth",
        "JWT",
        "TLS",
        "bcrypt",
        "hashing",
        "salt",
        "encryption",
        "least privilege",
        "MFA",
        "CORS",
        "CSP",
        "secrets",
        "zero trust",
    ),
    "sql-databases": (
        "PostgreSQL",
        "MySQL",
        "SQL",
        "index",
        "B-tree",
        "transaction",
        "ACID",
        "isolation level",
        "MVCC",
        "normalization",
        "JOIN",
        "query planner",
        "EXPLAIN",
        "deadlock",
        "replication",
        "foreign key",
    ),
}

_TECHNICAL = re.compile(
    r"(?<![\w.])("
    r"[A-Z][a-z]+[A-Z]\w*"  # CamelCase: PostgreSQL, JavaScript, GraphQL
    r"|[A-Z]{2,}\w*(/\d(\.\d)?)?"  # acronyms: REST, HTTP/2, OAuth2, SLOs
    r"|\w+\.(js|io|ts|py)"  # Node.js
    r"|[A-Za-z]+\d\w*"  # S3, EC2, log4j
    r"|[A-Za-z]\+\+|[A-Za-z]#"  # C++, C#
    r"|[a-z]+_[a-z_]+"  # snake_case identifiers
    r")(?![\w])"
)

_NAME = re.compile(r"(?<![\w.])([A-Z][a-z]{2,})(?![\w])")
_NOT_NAMES = {"The", "This", "That", "What", "How", "Why", "When", "Which", "Explain"}


@dataclass(frozen=True)
class Prompt:
    """What an engine is told before it listens."""

    question: str = ""
    terms: tuple[str, ...] = ()
    previous_text: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)

    def whisper_prompt(self) -> str | None:
        """Question, glossary, then the words just before: faster-whisper keeps the *last*
        223 tokens of a prompt, so what matters most for this segment comes last."""
        parts: list[str] = []
        if self.question:
            parts.append(self.question.strip())
        if self.terms:
            parts.append("Glossary: " + ", ".join(self.terms) + ".")
        if self.previous_text:
            words = self.previous_text.split()
            parts.append(" ".join(words[-MAX_CONTEXT_WORDS:]))
        return " ".join(parts) or None


def technical_terms(text: str) -> list[str]:
    """Words of ``text`` that look like jargon: CamelCase, acronyms, versions, dotted names,
    and capitalised names inside a sentence (Redis, Kafka)."""
    seen: dict[str, None] = {}
    for match in _TECHNICAL.finditer(text):
        term = match.group(1)
        if term not in {"I", "A"}:
            seen.setdefault(term, None)
    for match in _NAME.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".?!:\"'(" and match.group(1) not in _NOT_NAMES:
            seen.setdefault(match.group(1), None)
    return list(seen)


def key_terms(question: str, topic: str | None, extra: list[str] | None = None) -> list[str]:
    """The question's own jargon first, then the topic's glossary, then common terms."""
    terms: dict[str, None] = {}
    for term in [*(extra or []), *technical_terms(question)]:
        terms.setdefault(term, None)
    topic_terms = GLOSSARY.get((topic or "").lower(), ())
    lowered = question.lower()
    # Glossary terms the question mentions come before the rest of the glossary.
    for term in sorted(topic_terms, key=lambda t: t.lower() not in lowered):
        terms.setdefault(term, None)
    for term in COMMON_TERMS:
        terms.setdefault(term, None)
    return list(terms)[:MAX_TERMS]


def build_prompt(
    question: str | None, topic: str | None, previous_text: str | None = None
) -> Prompt:
    if not question:
        return Prompt(terms=tuple(COMMON_TERMS), previous_text=previous_text or "")
    return Prompt(
        question=question,
        terms=tuple(key_terms(question, topic)),
        previous_text=previous_text or "",
    )

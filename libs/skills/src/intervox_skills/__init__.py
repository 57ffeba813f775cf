"""Topic catalogue, skills taxonomy, and skill extraction from job descriptions and resumes.

Pure and dependency-light, so both the gateway (to show detected topics before an interview
starts) and the interview engine (to plan from them) use the same rules.
"""

from intervox_skills.catalog import Topic, load_topics
from intervox_skills.extract import DetectedSkill, SkillReport, extract_skills

__all__ = ["DetectedSkill", "SkillReport", "Topic", "extract_skills", "load_topics"]

"""The room quiz's web side: participants' pages (pages), the aiohttp server (server) and its
rate limits (limits). The room's state is plain code in course.learning.room."""

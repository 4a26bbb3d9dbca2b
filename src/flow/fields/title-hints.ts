/** Common Japanese job titles and the English title usually used for them, offered as a hint only. */
export const TITLE_HINTS: Readonly<Record<string, string>> = {
  代表取締役社長: 'President and Representative Director',
  代表取締役: 'Representative Director',
  代表社員: 'Representative Partner',
  代表理事: 'Representative Director',
  社長: 'President',
  会長: 'Chairman',
  副社長: 'Vice President',
  専務取締役: 'Senior Managing Director',
  常務取締役: 'Managing Director',
  取締役: 'Director',
  執行役員: 'Executive Officer',
  理事長: 'Chairperson',
  部長: 'General Manager',
  課長: 'Manager',
  院長: 'Director',
  校長: 'Principal',
};
